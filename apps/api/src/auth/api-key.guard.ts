import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Write endpoints need a key from API_KEYS, as `x-api-key` or `Authorization: Bearer …`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keys = config.apiKeys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers['x-api-key'];
    const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const presented = (Array.isArray(header) ? header[0] : header) ?? bearer;
    if (this.keys.length === 0) {
      throw new UnauthorizedException({
        code: 'AUTH.NO_KEYS_CONFIGURED',
        message: 'This server has no API keys configured: set API_KEYS to enable write endpoints',
      });
    }
    if (!presented) {
      throw new UnauthorizedException({
        code: 'AUTH.MISSING_KEY',
        message: 'Send an API key in the x-api-key header or as Authorization: Bearer <key>',
      });
    }
    const d = digest(presented);
    if (!this.keys.some((k) => timingSafeEqual(k, d))) {
      throw new UnauthorizedException({ code: 'AUTH.INVALID_KEY', message: 'The API key is not valid' });
    }
    return true;
  }
}

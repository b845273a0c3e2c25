import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/**
 * Characters PostgreSQL cannot store: NUL (refused by text and jsonb alike), and UTF-16 surrogates
 * without their other half (JSON text carries them as \ud800-style escapes, which jsonb refuses).
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Deeper bodies are refused before anything walks them recursively (class-transformer would overflow the stack). */
export const MAX_BODY_DEPTH = 32;

/** Text with the characters PostgreSQL cannot store taken out. */
export const storable = (s: string): string => s.replace(UNSTORABLE, '');

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Array, Object]);

function tooDeep(): BadRequestException {
  return new BadRequestException({
    code: 'BODY.TOO_DEEP',
    message: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep`,
  });
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storable(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_BODY_DEPTH) throw tooDeep();
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty keeps a "__proto__" key an own property, as JSON.parse made it.
    Object.defineProperty(out, storable(k), { value: clean(v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Runs before validation on every request body: a body meant for a DTO must be a JSON object;
 * NUL characters and lone surrogates are taken out of every string (and key) in it, so no
 * endpoint hands PostgreSQL text it cannot store; bodies nested absurdly deep are refused.
 */
@Injectable()
export class RequestBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const dto = typeof metadata.metatype === 'function' && !PRIMITIVES.has(metadata.metatype);
    if (dto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestException({
        code: 'BODY.NOT_AN_OBJECT',
        message: `The request body must be a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
      });
    }
    return clean(value, 0);
  }
}

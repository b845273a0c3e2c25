import { ArgumentsHost } from '@nestjs/common';
import { DataExceptionFilter, isDataException } from './data-exception.filter';

describe('DataExceptionFilter', () => {
  const hostFor = (res: object) => ({ switchToHttp: () => ({ getResponse: () => res }) }) as unknown as ArgumentsHost;

  it('answers 400 for a value PostgreSQL refused (SQLSTATE class 22)', () => {
    const err = Object.assign(new Error('invalid input syntax for type timestamp with time zone: "x"'), { code: '22007' });
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      headersSent: false,
      status(s: number) {
        sent.status = s;
        return this;
      },
      json(b: unknown) {
        sent.body = b;
      },
    };
    new DataExceptionFilter().catch(err, hostFor(res));
    expect(sent).toEqual({
      status: 400,
      body: { statusCode: 400, code: 'REQUEST.INVALID_VALUE', message: expect.stringContaining('invalid input syntax') },
    });
  });

  it('tells data exceptions from other errors', () => {
    expect(isDataException(Object.assign(new Error('x'), { code: '22P05' }))).toBe(true);
    expect(isDataException(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isDataException(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isDataException({ code: '22007' })).toBe(false);
  });
});

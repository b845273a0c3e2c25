import { BadRequestException } from '@nestjs/common';
import { MAX_BODY_DEPTH, RequestBodyPipe, storable } from './request-body.pipe';

class SomeDto {
  title?: string;
}

describe('RequestBodyPipe', () => {
  const pipe = new RequestBodyPipe();
  const body = (value: unknown, metatype: unknown = SomeDto) => pipe.transform(value, { type: 'body', metatype: metatype as never });

  it('takes NUL characters and lone surrogates out of every string and key, keeping pairs', () => {
    expect(body({ title: 'a\u0000b', list: ['\ud800x', { 'k\u0000': 'y\udc00' }], n: 1, ok: true, none: null })).toEqual({
      title: 'ab',
      list: ['x', { k: 'y' }],
      n: 1,
      ok: true,
      none: null,
    });
    expect(storable('\ud83d\udca9 \u0000')).toBe('\ud83d\udca9 ');
  });

  it('refuses a body for a DTO that is not an object, and one nested too deep', () => {
    for (const v of [[], null, 'text', 3]) expect(() => body(v)).toThrow(BadRequestException);
    expect(body([1], Array)).toEqual([1]);
    let deep: unknown = {};
    for (let i = 0; i < MAX_BODY_DEPTH + 1; i++) deep = { a: deep };
    expect(() => body(deep)).toThrow(/nested more than/);
  });

  it('leaves query strings and path parameters alone', () => {
    expect(pipe.transform('a\u0000', { type: 'query' })).toBe('a\u0000');
    expect(pipe.transform('a\u0000', { type: 'param' })).toBe('a\u0000');
  });

  it('keeps a "__proto__" key an own property rather than a prototype', () => {
    const out = body(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });
});

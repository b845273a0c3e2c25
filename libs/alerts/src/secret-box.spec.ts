import { randomBytes } from 'node:crypto';
import { SecretBox, SecretKeyMissingError, secretKeyId } from './secret-box';

describe('SecretBox', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  it('seals with the first key, differently each time, and opens what it sealed', () => {
    const box = new SecretBox([keyA]);
    const one = box.seal(secret);
    const two = box.seal(secret);
    expect(one.startsWith(`enc:v1:${secretKeyId(keyA)}:`)).toBe(true);
    expect(one).not.toContain(secret.slice('whsec_'.length));
    expect(one).not.toBe(two);
    expect(box.open(one)).toBe(secret);
    expect(box.open(two)).toBe(secret);
  });

  it('opens with any listed key, and says which key is missing otherwise', () => {
    const sealedA = new SecretBox([keyA]).seal(secret);
    const rotated = new SecretBox([keyB, keyA]);
    expect(rotated.open(sealedA)).toBe(secret);
    expect(rotated.isCurrent(sealedA)).toBe(false);
    expect(rotated.isCurrent(rotated.seal(secret))).toBe(true);
    const withoutA = new SecretBox([keyB]);
    expect(() => withoutA.open(sealedA)).toThrow(SecretKeyMissingError);
    expect(() => withoutA.open(sealedA)).toThrow(`key ${secretKeyId(keyA)}`);
  });

  it('refuses a sealed secret that was changed', () => {
    const box = new SecretBox([keyA]);
    const sealed = box.seal(secret);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(() => box.open(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`)).toThrow();
  });

  it('without keys stores secrets as they are, and reads plain ones with or without keys', () => {
    const plain = new SecretBox();
    expect(plain.seal(secret)).toBe(secret);
    expect(plain.isCurrent(secret)).toBe(true);
    expect(plain.isCurrent(new SecretBox([keyA]).seal(secret))).toBe(false);
    expect(new SecretBox([keyA]).open(secret)).toBe(secret);
    expect(new SecretBox([keyA]).isCurrent(secret)).toBe(false);
  });

  it('takes only 32-byte keys', () => {
    expect(() => new SecretBox([randomBytes(16)])).toThrow('32 bytes');
  });
});

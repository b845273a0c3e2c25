import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** How a sealed secret starts: `enc:v1:<key id>:<base64url of iv, tag and ciphertext>`. */
const SEALED = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored secret sealed with a key the configuration does not hold. */
export class SecretKeyMissingError extends Error {
  readonly code = 'ALERTS.SECRET_KEY_MISSING';
  constructor(readonly keyId: string) {
    super(`the signing secret is sealed with key ${keyId}, which WEBHOOK_SECRET_KEYS does not hold: add that key back to the list`);
    this.name = 'SecretKeyMissingError';
  }
}

/** The id a key is known by in what it sealed: the first 8 hex digits of its SHA-256. */
export const secretKeyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/**
 * Webhook signing secrets at rest. With keys, a secret is stored sealed (AES-256-GCM) under the
 * first key, and opened with whichever key sealed it, so a new key goes first and the old ones stay
 * listed until `reseal-secrets` has run. Without keys, secrets are stored as they are; a secret
 * stored in plain text is always read as it is.
 */
export class SecretBox {
  private readonly keys: { id: string; key: Buffer }[];

  constructor(keys: readonly Buffer[] = []) {
    for (const k of keys) if (k.length !== 32) throw new Error('a secret key is 32 bytes');
    this.keys = keys.map((key) => ({ id: secretKeyId(key), key }));
  }

  /** The id of the key new secrets are sealed with; null when they are stored in plain text. */
  get currentKeyId(): string | null {
    return this.keys[0]?.id ?? null;
  }

  /** Ids of every key that can open a secret. */
  get keyIds(): string[] {
    return this.keys.map((k) => k.id);
  }

  seal(secret: string): string {
    const current = this.keys[0];
    if (!current) return secret;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${SEALED}${current.id}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(SEALED)) return stored;
    const [id = '', blob = ''] = stored.slice(SEALED.length).split(':');
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new SecretKeyMissingError(id);
    const raw = Buffer.from(blob, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Whether a stored secret is kept as this box would store it now (sealed with the first key, or plain without keys). */
  isCurrent(stored: string): boolean {
    const current = this.currentKeyId;
    return current ? stored.startsWith(`${SEALED}${current}:`) : !stored.startsWith(SEALED);
  }
}

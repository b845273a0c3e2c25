/** Turns data of (type, schemaVersion) into data of schemaVersion + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const key = `${type}@${fromVersion}`;
    if (this.byKey.has(key)) throw new Error(`An upcaster for ${type} v${fromVersion} is registered already`);
    this.byKey.set(key, upcast);
    return this;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Applies every upcaster in turn until the event is at the newest version known. */
  upcast(type: string, schemaVersion: number, data: Record<string, unknown>): { schemaVersion: number; data: Record<string, unknown> } {
    let version = schemaVersion;
    let current = data;
    for (let fn = this.byKey.get(`${type}@${version}`); fn; fn = this.byKey.get(`${type}@${version}`)) {
      current = fn(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}

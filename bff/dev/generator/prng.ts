/**
 * Seeded pseudo-random numbers. sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit
 * state, passes PractRand to 2^40+, and uses only 32-bit integer ops, so the same seed yields the
 * same sequence on every platform — which is what "same seed → byte-identical rows" needs.
 * Not cryptographic; never use it for secrets.
 */

/** 32-bit avalanche mix (murmur3 finaliser); used to derive independent streams from a few integers. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines integers into one well-mixed 32-bit value (order matters). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    // Split large indices (up to 2^53) into two 32-bit halves so 10^10-scale keys stay distinct.
    h = mix32(h ^ mix32(value >>> 0));
    h = mix32(h ^ Math.floor(value / 0x100000000));
  }
  return h;
}

/** Hashes a string seed (e.g. "govdock-demo") to a 32-bit number; numbers pass through mixed. */
export function seedToInt(seed: string | number): number {
  if (typeof seed === 'number') return hashInts(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return mix32(h);
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    const s = hashInts(...seeds);
    this.a = s;
    this.b = mix32(s ^ 0x6a09e667);
    this.c = mix32(s ^ 0xbb67ae85);
    this.d = 1;
    // The first outputs of sfc32 are still correlated with the seed; discard them.
    for (let i = 0; i < 12; i += 1) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** Picks by weight; `weights` must be as long as `list`. */
  weighted<T>(list: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let roll = this.next() * total;
    for (let i = 0; i < list.length; i += 1) {
      roll -= weights[i] ?? 0;
      if (roll < 0) return list[i] as T;
    }
    return list[list.length - 1] as T;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i += 1) out += String(this.nextUint32() % 10);
    return out;
  }

  /** UUID-shaped hex (version nibble 4) for row_guid values: deterministic, not random in the RFC sense. */
  guid(): string {
    return formatGuid(this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32());
  }
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

export function formatGuid(w0: number, w1: number, w2: number, w3: number): string {
  const a = hex8(w0);
  const b = hex8((w1 & 0xffff0fff) | 0x4000);
  const c = hex8((w2 & 0x3fffffff) | 0x80000000);
  const d = hex8(w3);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

/** row_guid from a key without allocating a generator: stable for (seed, table, id, sub). */
export function keyGuid(seed: number, tableId: number, id: number, sub = 0): string {
  const h0 = hashInts(seed, tableId, id, sub);
  return formatGuid(h0, mix32(h0 ^ 0x243f6a88), mix32(h0 ^ 0x85a308d3), hashInts(id, sub, tableId, seed));
}

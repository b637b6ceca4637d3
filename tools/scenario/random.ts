// Seeded random draws for the scenario.

/** mulberry32: a seedable 32-bit PRNG, tiny and identical in every JS engine (Math.random cannot be seeded). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

export const int = (rng: Rng, n: number) => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];

/** Keys and weights as arrays, made once per table (a hot path: 4 draws per ticket). */
const weightTables = new Map<Record<string, number>, { keys: string[]; weights: number[]; total: number }>();

export function pickWeighted(rng: Rng, table: Record<string, number>): string {
  let w = weightTables.get(table);
  if (!w) {
    const keys = Object.keys(table);
    const weights = keys.map((k) => table[k]);
    w = { keys, weights, total: weights.reduce((a, b) => a + b, 0) };
    weightTables.set(table, w);
  }
  let r = rng() * w.total;
  for (let i = 0; i < w.keys.length; i++) {
    r -= w.weights[i];
    if (r < 0) {
      return w.keys[i];
    }
  }
  return w.keys[w.keys.length - 1];
}

/** One or two distinct items of xs, in random order. */
export function oneOrTwo<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  const a = int(rng, xs.length);
  if (k < 2 || xs.length < 2) {
    return [xs[a]];
  }
  const b = (a + 1 + int(rng, xs.length - 1)) % xs.length;
  return [xs[a], xs[b]];
}

/** A Poisson draw (Knuth's product of uniforms), in chunks of ≤ 30 so exp(-λ) never underflows. */
export function poisson(rng: Rng, lambda: number): number {
  let n = 0;
  for (let rest = lambda; rest > 0; rest -= 30) {
    const limit = Math.exp(-Math.min(rest, 30));
    let p = rng();
    while (p > limit) {
      n++;
      p *= rng();
    }
  }
  return n;
}

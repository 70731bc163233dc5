/**
 * Secrets indexed by their start, for a replace-all whose cost grows with the text, not with the
 * number of secrets (one RegExp of all of them, the alternative, takes about a second to compile at
 * 100,000). A hashed trie with a stride of `stride` characters (every secret has at least that
 * many): a rolling hash of each window of the text is checked against a bit filter, and only a hit
 * looks in the trie. A node keeps a plain list until it outgrows SPLIT_AT, then hands its longer
 * secrets down by the hash of their next stride, so that secrets sharing a start (`https://`,
 * `sk-proj-`) cost a few lookups, not a scan of all of them.
 *
 * Methods are called on the instance, never as free functions: the registry that owns it is shared
 * through globalThis by every copy of this version of core.
 */
export class SecretIndex {
  readonly #stride: number;
  /** BASE^(stride - 1) mod 2^32: the weight of the unit that leaves the window. */
  readonly #outgoingWeight: number;
  /** Hash key of the first stride -> the secret starting so, or a node when there are several (rare with random tokens). */
  readonly #roots = new Map<number, string | TrieNode>();
  /** One bit per root key modulo its size; kept at most 1/FILL_RATIO full, so most windows stop here. */
  #filter = new Uint32Array(MIN_FILTER_BITS / 32);
  /** Root keys removed since the filter was built: their bits are still set (a false hit costs one Map lookup). */
  #removed = 0;

  constructor(stride: number) {
    this.#stride = stride;
    let weight = 1;
    for (let i = 1; i < stride; i++) weight = Math.imul(weight, BASE);
    this.#outgoingWeight = weight;
  }

  add(secret: string): void {
    const key = this.#key(secret, 0);
    const root = this.#roots.get(key);
    if (root === undefined) {
      this.#roots.set(key, secret);
      if (this.#roots.size * FILL_RATIO > this.#filter.length * 32) this.#rebuildFilter();
      else this.#setBit(key);
    } else if (typeof root === 'string') {
      if (root === secret) return;
      const node: TrieNode = { depth: this.#stride, list: [root], children: undefined };
      this.#roots.set(key, node);
      this.#addBelow(node, secret);
    } else {
      this.#addBelow(root, secret);
    }
  }

  remove(secret: string): void {
    const rootKey = this.#key(secret, 0);
    const root = this.#roots.get(rootKey);
    if (root === undefined) return;
    if (typeof root === 'string') {
      if (root === secret) this.#dropRoot(rootKey);
      return;
    }
    const path: TrieNode[] = [root];
    let node = root;
    while (node.children !== undefined && secret.length >= node.depth + this.#stride) {
      const child = node.children.get(this.#key(secret, node.depth));
      if (child === undefined) return;
      path.push(child);
      node = child;
    }
    const at = node.list.indexOf(secret);
    if (at === -1) return;
    node.list.splice(at, 1);
    // Drop the nodes left empty, deepest first.
    for (let depth = path.length - 1; depth > 0; depth--) {
      const empty = path[depth]!;
      if (empty.list.length > 0 || (empty.children?.size ?? 0) > 0) return;
      const parent = path[depth - 1]!;
      parent.children!.delete(this.#key(secret, parent.depth));
    }
    if ((root.children?.size ?? 0) > 0) return;
    if (root.list.length === 1) this.#roots.set(rootKey, root.list[0]!);
    else if (root.list.length === 0) this.#dropRoot(rootKey);
  }

  #dropRoot(key: number): void {
    this.#roots.delete(key);
    // Stale bits are rebuilt away once they could outnumber the live ones (amortized O(1) a removal).
    if (++this.#removed > this.#roots.size + MIN_FILTER_BITS / FILL_RATIO) this.#rebuildFilter();
  }

  /**
   * `text` with every secret replaced, scanning left to right and taking the longest secret that
   * starts at each position (what one alternation of all of them, longest first, would do): a
   * secret inside another never leaves a tail of the longer one.
   */
  replaceAll(text: string, replacement: string): string {
    const width = this.#stride;
    if (this.#roots.size === 0 || text.length < width) return text;
    // Locals, not fields, in the loop: it runs once per character of every redacted text.
    const filter = this.#filter;
    const filterMask = filter.length * 32 - 1;
    const roots = this.#roots;
    const weight = this.#outgoingWeight;
    const last = text.length - width;
    let out = '';
    let copiedTo = 0;
    let hash = hashAt(text, 0, width);
    let i = 0;
    while (i <= last) {
      const key = hash & KEY_MASK;
      const slot = key & filterMask;
      if ((filter[slot >>> 5]! & (1 << (slot & 31))) !== 0) {
        const match = this.#longestAt(roots.get(key), text, i);
        if (match !== undefined) {
          out += text.slice(copiedTo, i) + replacement;
          i += match.length;
          copiedTo = i;
          if (i <= last) hash = hashAt(text, i, width);
          continue;
        }
      }
      if (i < last) {
        const outgoing = Math.imul(text.charCodeAt(i), weight);
        hash = (Math.imul(hash - outgoing, BASE) + text.charCodeAt(i + width)) | 0;
      }
      i++;
    }
    return copiedTo === 0 ? text : out + text.slice(copiedTo);
  }

  /** The longest secret under a root that `text` holds at `at`: deeper nodes hold longer secrets. */
  #longestAt(root: string | TrieNode | undefined, text: string, at: number): string | undefined {
    if (typeof root === 'string') return text.startsWith(root, at) ? root : undefined;
    let best: string | undefined;
    for (let node: TrieNode | undefined = root; node !== undefined; ) {
      // Longest first, so the first that matches is this node's best.
      const found = node.list.find((secret) => text.startsWith(secret, at));
      if (found !== undefined && (best === undefined || found.length > best.length)) best = found;
      if (node.children === undefined || at + node.depth + this.#stride > text.length) break;
      node = node.children.get(this.#keyIn(text, at + node.depth));
    }
    return best;
  }

  #addBelow(start: TrieNode, secret: string): void {
    let node = start;
    while (node.children !== undefined && secret.length >= node.depth + this.#stride) {
      const key = this.#key(secret, node.depth);
      const child = node.children.get(key);
      if (child === undefined) {
        node.children.set(key, { depth: node.depth + this.#stride, list: [secret], children: undefined });
        return;
      }
      node = child;
    }
    // Longest first: where two secrets start at the same place, the whole of the longer one goes.
    const at = node.list.findIndex((other) => other.length < secret.length);
    node.list.splice(at === -1 ? node.list.length : at, 0, secret);
    if (node.children === undefined && node.list.length > SPLIT_AT) {
      // Split: what is long enough goes one stride down; shorter secrets stay in this list.
      node.children = new Map();
      const list = node.list;
      node.list = [];
      for (const moved of list) this.#addBelow(node, moved);
    }
  }

  #key(secret: string, from: number): number {
    return hashAt(secret, from, this.#stride) & KEY_MASK;
  }

  #keyIn(text: string, from: number): number {
    return hashAt(text, from, this.#stride) & KEY_MASK;
  }

  #setBit(key: number): void {
    const slot = key & (this.#filter.length * 32 - 1);
    this.#filter[slot >>> 5]! |= 1 << (slot & 31);
  }

  #rebuildFilter(): void {
    let bits = MIN_FILTER_BITS;
    while (bits < this.#roots.size * FILL_RATIO * 2) bits *= 2;
    this.#filter = new Uint32Array(bits / 32);
    this.#removed = 0;
    for (const key of this.#roots.keys()) this.#setBit(key);
  }
}

interface TrieNode {
  /** How many leading characters the path to this node stands for (a multiple of the stride). */
  readonly depth: number;
  /** Longest first: every secret here until the node splits, then those too short to go a stride deeper. */
  list: string[];
  /** After a split: the secrets at least `depth + stride` long, by the hash of their next stride. */
  children: Map<number, TrieNode> | undefined;
}

/** Polynomial hash of `width` UTF-16 units from `start`, mod 2^32. */
function hashAt(text: string, start: number, width: number): number {
  let hash = 0;
  for (let i = start; i < start + width; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

const BASE = 31;
/** Keys stay small integers (no boxed numbers in the Map); a collision only costs a startsWith. */
const KEY_MASK = 0x3fffffff;
/** 8 KiB of filter to start with; it grows with the number of keys. */
const MIN_FILTER_BITS = 1 << 16;
/** Bits per root key, at least: at most about 3% of a text's windows look in the Map. */
const FILL_RATIO = 32;
/** A node's list is scanned with startsWith: past this many, its longer secrets go a stride down. */
const SPLIT_AT = 8;

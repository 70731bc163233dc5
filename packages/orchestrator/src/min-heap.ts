interface Entry {
  readonly key: string;
  at: number;
}

/**
 * A min-heap of deadlines keyed by string, with an index so that a key can be moved or removed in
 * O(log n). This is what lets one timer serve every session: touch() moves one entry, nothing else.
 */
export class DeadlineHeap {
  readonly #entries: Entry[] = [];
  readonly #index = new Map<string, number>();

  get size(): number {
    return this.#entries.length;
  }

  has(key: string): boolean {
    return this.#index.has(key);
  }

  peek(): Readonly<Entry> | undefined {
    return this.#entries[0];
  }

  /** Insert the key, or move it to a new deadline. */
  set(key: string, at: number): void {
    const i = this.#index.get(key);
    if (i === undefined) {
      this.#entries.push({ key, at });
      this.#index.set(key, this.#entries.length - 1);
      this.#up(this.#entries.length - 1);
      return;
    }
    const entry = this.#entries[i]!;
    const earlier = at < entry.at;
    entry.at = at;
    if (earlier) this.#up(i);
    else this.#down(i);
  }

  delete(key: string): boolean {
    const i = this.#index.get(key);
    if (i === undefined) return false;
    const last = this.#entries.pop()!;
    this.#index.delete(key);
    if (i < this.#entries.length) {
      this.#entries[i] = last;
      this.#index.set(last.key, i);
      this.#up(i);
      this.#down(i);
    }
    return true;
  }

  /** Remove and return the earliest entry if it is due at or before `now`. */
  popDue(now: number): Readonly<Entry> | undefined {
    const top = this.#entries[0];
    if (top === undefined || top.at > now) return undefined;
    this.delete(top.key);
    return top;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#index.clear();
  }

  #up(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#entries[parent]!.at <= this.#entries[i]!.at) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(start: number): void {
    let i = start;
    const n = this.#entries.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.#entries[left]!.at < this.#entries[smallest]!.at) smallest = left;
      if (right < n && this.#entries[right]!.at < this.#entries[smallest]!.at) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }

  #swap(a: number, b: number): void {
    const ea = this.#entries[a]!;
    const eb = this.#entries[b]!;
    this.#entries[a] = eb;
    this.#entries[b] = ea;
    this.#index.set(eb.key, a);
    this.#index.set(ea.key, b);
  }
}

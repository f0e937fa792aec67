// A binary min-heap of (deadline, item): the sessionizer's sweep pops only what is due instead of
// scanning every open session. Deadlines may move later after an item was pushed; the sweep then
// re-pushes it (lazy update), so extending a session costs nothing at ingest.

export class ExpiryHeap<Item> {
  private readonly deadlines: number[] = [];
  private readonly items: Item[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The earliest deadline, or +Infinity when empty. */
  peekDeadline(): number {
    return this.deadlines.length === 0 ? Number.POSITIVE_INFINITY : (this.deadlines[0] as number);
  }

  push(deadline: number, item: Item): void {
    const deadlines = this.deadlines;
    const items = this.items;
    let index = items.length;
    deadlines.push(deadline);
    items.push(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((deadlines[parent] as number) <= deadline) break;
      deadlines[index] = deadlines[parent] as number;
      items[index] = items[parent] as Item;
      index = parent;
    }
    deadlines[index] = deadline;
    items[index] = item;
  }

  /** Removes and returns the item with the earliest deadline. */
  pop(): Item | undefined {
    const deadlines = this.deadlines;
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0] as Item;
    const lastDeadline = deadlines.pop() as number;
    const lastItem = items.pop() as Item;
    const size = items.length;
    if (size > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && (deadlines[right] as number) < (deadlines[left] as number) ? right : left;
        if ((deadlines[child] as number) >= lastDeadline) break;
        deadlines[index] = deadlines[child] as number;
        items[index] = items[child] as Item;
        index = child;
      }
      deadlines[index] = lastDeadline;
      items[index] = lastItem;
    }
    return top;
  }

  /** Every item, in no particular order (an item pushed twice appears twice). */
  values(): readonly Item[] {
    return this.items;
  }
}

// Series found by their label values, one Map level per label. Label values are long-lived strings
// (application ids, page groups from a cache, enum members) whose hashes V8 keeps, so a lookup is a
// few probes with known hashes; a key joined from the values was a new string to build and hash on
// every observation, four times the cost.

type Level<T> = Map<string, Level<T> | T>;

export class SeriesIndex<T extends object> {
  private readonly root: Level<T> = new Map();
  private readonly all: T[] = [];

  constructor(private readonly create: (labelValues: readonly string[]) => T) {}

  /** The series of these label values (in the family's label order), created on first sight. */
  get(labelValues: readonly string[]): T {
    let level = this.root;
    const last = labelValues.length - 1;
    for (let index = 0; index < last; index++) {
      const value = labelValues[index]!;
      let next = level.get(value) as Level<T> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const leaf = last >= 0 ? labelValues[last]! : '';
    let series = level.get(leaf) as T | undefined;
    if (series === undefined) {
      series = this.create(labelValues);
      level.set(leaf, series);
      this.all.push(series);
    }
    return series;
  }

  /** Every series, in the order they were first seen. */
  values(): readonly T[] {
    return this.all;
  }
}

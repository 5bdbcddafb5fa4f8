/**
 * `compute` remembered per string key: for lookups that are pure but costly (Intl objects, CLDR
 * facts about a language tag) and asked for again and again with a few distinct keys. Keys can
 * come from content, so at most `limit` answers are kept; past that, answers are computed and not
 * stored. A `compute` that throws stores nothing.
 */
export function memoizeByKey<T>(compute: (key: string) => T, limit = 1024): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key) as T;
    const value = compute(key);
    if (known.size < limit) known.set(key, value);
    return value;
  };
}

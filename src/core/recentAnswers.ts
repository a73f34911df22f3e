/**
 * Answers remembered for a while: asked again less than `maxAgeMs` after it was answered, the same question is
 * answered from memory, and questions asked while one is being answered share it. The time of asking is the
 * caller's (a clock tests move): an answer from the caller's future is not reused. A failed answer is forgotten
 * (the next asking tries again), as is every answer past the age asked for.
 */
export class RecentAnswers<V> {
  private readonly answers = new Map<string, { at: number; value: Promise<V> }>();

  get(key: string, now: number, maxAgeMs: number, answer: () => Promise<V>): Promise<V> {
    const fresh = (at: number) => now >= at && now - at < maxAgeMs;
    for (const [known, entry] of this.answers) if (!fresh(entry.at)) this.answers.delete(known);
    const remembered = this.answers.get(key);
    if (remembered) return remembered.value;
    const entry = { at: now, value: answer() };
    this.answers.set(key, entry);
    entry.value.catch(() => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    });
    return entry.value;
  }
}

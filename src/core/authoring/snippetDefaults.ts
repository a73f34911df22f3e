/**
 * What VS Code inserts for a snippet when the user accepts the default of every tab stop: the snippet
 * syntax of `vscode.SnippetString` / `*.code-snippets` (TextMate's, as VS Code's `SnippetParser` reads it)
 * expanded without an editor. Used by the tests of the snippets (every snippet, with its defaults, must
 * give an estimator without a single diagnostic) and nowhere near the user.
 *
 * - `$1`, `${1}`: the default of tab stop 1 (the first `${1:...}` / `${1|...|}` anywhere), else empty;
 * - `${1:default}`: the default, itself expanded (placeholders nest);
 * - `${1|a,b,c|}`: the first choice;
 * - `$0`, `${0}`: the final cursor, empty;
 * - `$NAME`, `${NAME}`, `${NAME:default}`: a known variable's value, else the default, else (as VS Code
 *   does for unknown variables) the variable's name;
 * - `${1/regex/format/flags}`: the transform is applied to tab stop 1's default (format with `$n`/`${n}`
 *   groups only; `/upcase` and friends are honoured);
 * - escapes: `\$`, `\}` and `\\` in text; `\,`, `\|` and `\\` in choices; any other backslash is literal.
 */

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children?: Node[]; choices?: string[]; transform?: Transform }
  | { kind: 'variable'; name: string; children?: Node[]; transform?: Transform };

interface Transform {
  regex: string;
  format: string;
  flags: string;
}

export class SnippetSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'SnippetSyntaxError';
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.parseAny(false);
    if (this.pos < this.src.length) throw new SnippetSyntaxError('Unexpected "}"', this.pos);
    return nodes;
  }

  /** Text and elements up to the end, or up to an unescaped `}` when inside a placeholder. */
  private parseAny(inside: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += ch;
          this.pos += 1;
        }
        continue;
      }
      if (ch === '}' && inside) break;
      if (ch === '$') {
        const element = this.parseElement();
        if (element) {
          flush();
          nodes.push(element);
          continue;
        }
        text += ch;
        this.pos += 1;
        continue;
      }
      text += ch;
      this.pos += 1;
    }
    flush();
    return nodes;
  }

  /** At a `$`: an element, or undefined (the `$` is then literal text). */
  private parseElement(): Node | undefined {
    const start = this.pos;
    const rest = this.src.slice(start + 1);
    let m = /^(\d+)/.exec(rest);
    if (m) {
      this.pos = start + 1 + m[1].length;
      return { kind: 'tabstop', index: Number(m[1]) };
    }
    m = /^([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      this.pos = start + 1 + m[1].length;
      return { kind: 'variable', name: m[1] };
    }
    if (rest[0] !== '{') return undefined;
    m = /^\{(\d+|[_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (!m) return undefined;
    const id = m[1];
    const isTabstop = /^\d+$/.test(id);
    this.pos = start + 1 + m[0].length;
    const next = this.src[this.pos];
    if (next === '}') {
      this.pos += 1;
      return isTabstop ? { kind: 'tabstop', index: Number(id) } : { kind: 'variable', name: id };
    }
    if (next === ':') {
      this.pos += 1;
      const children = this.parseAny(true);
      this.expect('}');
      return isTabstop ? { kind: 'tabstop', index: Number(id), children } : { kind: 'variable', name: id, children };
    }
    if (next === '|' && isTabstop) {
      this.pos += 1;
      const choices = this.parseChoices();
      return { kind: 'tabstop', index: Number(id), choices };
    }
    if (next === '/') {
      this.pos += 1;
      const regex = this.readUntil('/');
      const format = this.readUntil('/', true);
      const flags = this.readUntil('}');
      const transform = { regex, format, flags };
      return isTabstop ? { kind: 'tabstop', index: Number(id), transform } : { kind: 'variable', name: id, transform };
    }
    // Not an element after all: VS Code inserts it as text.
    this.pos = start;
    return undefined;
  }

  private parseChoices(): string[] {
    const choices: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\' && [',', '|', '\\'].includes(this.src[this.pos + 1])) {
        current += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === ',') {
        choices.push(current);
        current = '';
        this.pos += 1;
        continue;
      }
      if (ch === '|' && this.src[this.pos + 1] === '}') {
        choices.push(current);
        this.pos += 2;
        return choices;
      }
      current += ch;
      this.pos += 1;
    }
    throw new SnippetSyntaxError('Unterminated choice', this.pos);
  }

  /** Up to an unescaped `end`; a format (`nested`) may hold `${1:/upcase}`, whose `/` does not end it. */
  private readUntil(end: string, nested = false): string {
    let out = '';
    let depth = 0;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\' && this.src[this.pos + 1] === end) {
        out += end;
        this.pos += 2;
        continue;
      }
      if (nested && ch === '$' && this.src[this.pos + 1] === '{') {
        depth += 1;
        out += '${';
        this.pos += 2;
        continue;
      }
      if (nested && depth > 0 && ch === '}') {
        depth -= 1;
        out += ch;
        this.pos += 1;
        continue;
      }
      if (ch === end && depth === 0) {
        this.pos += 1;
        return out;
      }
      out += ch;
      this.pos += 1;
    }
    throw new SnippetSyntaxError(`Expected "${end}"`, this.pos);
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw new SnippetSyntaxError(`Expected "${ch}"`, this.pos);
    this.pos += 1;
  }
}

function applyTransform(value: string, transform: Transform): string {
  const regex = new RegExp(transform.regex, transform.flags.replace(/[^gimsuy]/g, ''));
  return value.replace(regex, (match: string, ...rest: unknown[]) => {
    const groups: string[] = [match];
    for (const r of rest) {
      if (typeof r === 'number') break; // the offset: the groups are before it
      groups.push(typeof r === 'string' ? r : '');
    }
    return transform.format.replace(/\$(\d+)|\$\{(\d+)(?::\/(upcase|downcase|capitalize))?\}/g, (_m, a: string, b: string, op: string) => {
      const g = groups[Number(a ?? b)] ?? '';
      if (op === 'upcase') return g.toUpperCase();
      if (op === 'downcase') return g.toLowerCase();
      if (op === 'capitalize') return g.charAt(0).toUpperCase() + g.slice(1);
      return g;
    });
  });
}

/** Parses a snippet body (a string, or the lines of a `.code-snippets` body joined by `\n`). */
export function parseSnippet(body: string | string[]): Node[] {
  return new Parser(Array.isArray(body) ? body.join('\n') : body).parse();
}

/** The text a snippet inserts when every tab stop keeps its default (first choice, placeholder text, empty). */
export function expandSnippetDefaults(
  body: string | string[],
  variables: Record<string, string> = {},
  /** Tab stop -> which of its choices to take instead of the first (to try every choice). */
  choose: Record<number, number> = {},
): string {
  const nodes = parseSnippet(body);
  // The first tab stop of an index that has a default defines it for every mirror of that index.
  const defaults = new Map<number, Node[] | string>();
  const collect = (list: Node[]): void => {
    for (const node of list) {
      if (node.kind === 'text') continue;
      if (node.kind === 'tabstop' && !defaults.has(node.index)) {
        if (node.choices) defaults.set(node.index, node.choices[choose[node.index] ?? 0] ?? '');
        else if (node.children) defaults.set(node.index, node.children);
      }
      if (node.children) collect(node.children);
    }
  };
  collect(nodes);
  const rendering = new Set<number>();
  const render = (list: Node[]): string =>
    list
      .map((node) => {
        if (node.kind === 'text') return node.value;
        if (node.kind === 'variable') {
          let value: string;
          if (Object.prototype.hasOwnProperty.call(variables, node.name)) value = variables[node.name];
          else if (node.children) value = render(node.children);
          else value = node.name;
          return node.transform ? applyTransform(value, node.transform) : value;
        }
        if (node.index === 0) return node.children ? render(node.children) : '';
        const def = defaults.get(node.index);
        let value = '';
        if (typeof def === 'string') value = def;
        else if (def && !rendering.has(node.index)) {
          rendering.add(node.index);
          value = render(def);
          rendering.delete(node.index);
        }
        return node.transform ? applyTransform(value, node.transform) : value;
      })
      .join('');
  return render(nodes);
}

/** A `.code-snippets` file's entries (the file is JSON with comments; VS Code reads it leniently). */
export interface SnippetEntry {
  prefix?: string | string[];
  body: string | string[];
  description?: string;
  scope?: string;
  isFileTemplate?: boolean;
}

/** The body of a snippet entry as one string, as VS Code joins it. */
export function snippetBody(entry: SnippetEntry): string {
  return Array.isArray(entry.body) ? entry.body.join('\n') : entry.body;
}

/** The choices of each tab stop of a snippet (tab stop -> choices), to try each of them. */
export function snippetChoices(body: string | string[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const walk = (list: Node[]): void => {
    for (const node of list) {
      if (node.kind === 'tabstop' && node.choices && !out.has(node.index)) out.set(node.index, node.choices);
      if (node.kind !== 'text' && node.children) walk(node.children);
    }
  };
  walk(parseSnippet(body));
  return out;
}

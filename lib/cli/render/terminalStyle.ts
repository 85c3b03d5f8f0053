/**
 * Colour for what a person reads on a terminal, and none anywhere else: off in a pipe or a file,
 * off with NO_COLOR (any non-empty value) or TERM=dumb, on with FORCE_COLOR (unless it is `0` or
 * `false`). FORCE_COLOR wins over NO_COLOR, as in Node.js itself, so a CI log can ask for colour.
 * @see https://no-color.org/
 * @see https://nodejs.org/api/cli.html#force_color1-2-3
 */

/** An output stream as the CLI sees it; `isTTY` is true on a real terminal. */
export interface StyledStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Text styles; each returns its argument unchanged when colour is off. */
export interface TerminalStyle {
  readonly colour: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** A terminal that can rewrite a line in place (not a pipe, a file or TERM=dumb); FORCE_COLOR does not make one. */
export function isTerminal(stream: StyledStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Whether to colour what goes to `stream`, given the environment. */
export function colourWanted(stream: StyledStream, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  return isTerminal(stream, env);
}

/** The styles for `stream`. */
export function terminalStyle(stream: StyledStream, env: Readonly<Record<string, string | undefined>>): TerminalStyle {
  return styleWith(colourWanted(stream, env));
}

/** Styles with colour on or off, whatever the stream. */
export function styleWith(colour: boolean): TerminalStyle {
  const sgr = (open: number, close: number) => (text: string) => (colour && text ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { colour, green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** How child output reaches the terminal: each line prefixed with a padded service name. */

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92, 94];

export type LineSink = (service: string, line: string) => void;

/** A sink that writes `name | line` to `stream`, names padded to the longest, coloured on a TTY. */
export function prefixedWriter(names: readonly string[], stream: NodeJS.WriteStream = process.stdout): LineSink {
  const width = Math.max(0, ...names.map((name) => name.length));
  const color = stream.isTTY === true && !process.env.NO_COLOR;
  const colorOf = new Map(names.map((name, index) => [name, COLORS[index % COLORS.length]!]));
  return (service, line) => {
    const label = service.padEnd(width);
    const shown = color ? `\u001b[${colorOf.get(service) ?? 37}m${label}\u001b[0m` : label;
    stream.write(`${shown} | ${line}\n`);
  };
}

import type { CheckResult, Finding, FindingLevel, SchemaCheckReport } from './report';

export interface TextOptions {
  /** Also print `info` findings (safe changes, composition hints). */
  verbose?: boolean;
  /** ANSI colours (on for a TTY). */
  color?: boolean;
}

const SHOWN: Record<FindingLevel, boolean> = { error: true, warning: true, notice: true, info: false };
const MARK: Record<CheckResult['status'], string> = { passed: '✓', failed: '✗', skipped: '-' };

/**
 * The report as a review comment: one section per context, ✓ / ✗ per check, one finding per line
 * (`path:line:col  CODE  message`) with its hint below, then the summary line.
 */
export function formatText(report: SchemaCheckReport, options: TextOptions = {}): string {
  const paint = painter(options.color ?? false);
  const lines: string[] = [];
  const base = report.base.kind === 'git' ? report.base.label : `committed snapshots in schema/ (${report.base.reason})`;
  lines.push(paint.dim(`schema:check — compared with ${base}`), '');

  for (const section of report.sections) {
    lines.push(`${paint.bold(section.name)}${section.source ? paint.dim(`  ${section.source}`) : ''}`);
    for (const check of section.checks) {
      const mark =
        check.status === 'passed' ? paint.green(MARK.passed) : check.status === 'failed' ? paint.red(MARK.failed) : paint.dim(MARK.skipped);
      lines.push(`  ${mark} ${check.title}${check.summary ? paint.dim(`  (${check.summary})`) : ''}`);
      const shown = check.findings.filter((f) => SHOWN[f.level] || options.verbose);
      shown.forEach((finding, index) => {
        lines.push(`      ${formatFinding(finding, paint)}`);
        // A run of findings with the same advice (e.g. several stale files) prints it once, last.
        const repeated = shown[index + 1]?.hint === finding.hint;
        if (finding.hint && finding.level !== 'info' && !repeated) lines.push(`        ${paint.dim(`↳ ${finding.hint}`)}`);
      });
    }
    lines.push('');
  }

  const { passed, failed, skipped, warnings } = report.summary;
  const extras = [skipped > 0 ? `${skipped} skipped` : undefined, warnings > 0 ? `${warnings} warning(s)` : undefined].filter(Boolean);
  const summary = `schema:check: ${passed} passed, ${failed} failed${extras.length > 0 ? `, ${extras.join(', ')}` : ''} (${(report.durationMs / 1000).toFixed(1)}s)`;
  lines.push(failed > 0 ? paint.red(summary) : paint.green(summary));
  return `${lines.join('\n')}\n`;
}

export function formatFinding(finding: Finding, paint: Painter = painter(false)): string {
  const { location } = finding;
  const where = location ? [location.path, location.line, location.column].filter((p) => p !== undefined).join(':') : '';
  const code =
    finding.level === 'error'
      ? paint.red(finding.code)
      : finding.level === 'warning'
        ? paint.yellow(finding.code)
        : paint.dim(finding.code);
  const tag = finding.level === 'warning' ? 'warning ' : finding.level === 'notice' ? 'allowed ' : '';
  return `${where ? `${where}  ` : ''}${tag}${code}  ${finding.message}`;
}

type Painter = Record<'bold' | 'dim' | 'red' | 'green' | 'yellow', (text: string) => string>;

function painter(color: boolean): Painter {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
}

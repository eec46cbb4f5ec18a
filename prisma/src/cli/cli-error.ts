/** An expected CLI failure: printed as one line, exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

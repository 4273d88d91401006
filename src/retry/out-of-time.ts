/** Waiting any longer would pass the invocation's time budget: the work is left for the next call. */
export class OutOfTimeError extends Error {
  constructor(what = 'the work') {
    super(`${what} ran out of its time budget; call again to go on`);
    this.name = 'OutOfTimeError';
  }
}

// The error a test expects: what a promise rejects with, or what a call throws.

/** The rejection, when it is a `type`: any other error fails the test, and so does resolving. */
export async function rejectionOf<E>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a rejection with ${type.name}, but the promise resolved`);
}

/** What `fn` throws, or undefined if it returns: for `expect(thrown(...)).toBeInstanceOf(...)`. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The error `fn` throws, when it is a `type`: any other error fails the test, and so does returning. */
export function thrownBy<E>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  const error = thrown(fn);
  if (error instanceof type) return error;
  throw error ?? new Error(`expected ${type.name} to be thrown, but the call returned`);
}

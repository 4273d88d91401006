// Sends webhook copies the way Twilio would under a burst: many at once (bounded), and a copy that
// got a 5xx (or no answer) sent again after a pause, a bounded number of times. Twilio does not
// document its retry schedule for Usage Trigger callbacks; this models "a 5xx is retried".
import pLimit from 'p-limit';
import type { DeliveryAnswer } from './deliveries';

export interface Copy {
  /** Which delivery this is a copy of (0 … deliveries - 1). */
  delivery: number;
  send(): Promise<DeliveryAnswer>;
}

export interface SenderOptions {
  inFlight: number;
  maxResends: number;
  resendDelayMs: number;
  onAnswered?: (done: number) => void;
}

export interface SendOutcome {
  /** Per delivery, the last status each of its copies got. */
  finalStatus: number[][];
  resends: number;
  /** Deliveries of which two or more copies were in flight at the same moment. */
  overlapped: number;
}

export async function sendLikeTwilio(
  copies: Copy[],
  deliveries: number,
  options: SenderOptions,
): Promise<SendOutcome> {
  const limit = pLimit(options.inFlight);
  const inFlight = new Array<number>(deliveries).fill(0);
  const overlapped = new Set<number>();
  const finalStatus: number[][] = Array.from({ length: deliveries }, () => []);
  let resends = 0;
  let done = 0;

  const attempt = async (copy: Copy): Promise<number> => {
    inFlight[copy.delivery] += 1;
    if (inFlight[copy.delivery] > 1) overlapped.add(copy.delivery);
    try {
      return (await copy.send()).status;
    } catch {
      return 599; // no answer at all: Twilio would retry that too
    } finally {
      inFlight[copy.delivery] -= 1;
    }
  };
  const deliver = async (copy: Copy): Promise<void> => {
    for (let n = 0; ; n++) {
      const status = await limit(() => attempt(copy));
      if (status < 500 || n === options.maxResends) {
        finalStatus[copy.delivery].push(status);
        options.onAnswered?.(++done);
        return;
      }
      resends += 1;
      await new Promise((resolve) => setTimeout(resolve, options.resendDelayMs));
    }
  };
  await Promise.all(copies.map(deliver));
  return { finalStatus, resends, overlapped: overlapped.size };
}

// The one adapter from Twilio's (context, event, callback) to a core that answers with a
// ResponseValue, so every file in functions/ is a one-line shell.
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { jsonResponse, type ResponseValue } from './response-value';
import type { FunctionEventLike } from './runtime-request';
import { toTwilioResponse, type TwilioResponseLike } from './to-twilio-response';

// A global of the Functions runtime (and of twilio-run), read when a request arrives.
declare const Twilio: { Response: new () => TwilioResponseLike };

export type FunctionCore<C> = (context: C, event: FunctionEventLike) => Promise<ResponseValue>;

export function functionHandler<C>(core: FunctionCore<C>): ServerlessFunctionSignature {
  return async (context, event, callback) => {
    let response: ResponseValue;
    try {
      // Everything is awaited before callback(): the runtime kills whatever is pending after it.
      response = await core(context as unknown as C, event as FunctionEventLike);
    } catch (error) {
      // Cores answer their own errors; this is the last line. Only the error's class is logged:
      // its message could carry input we must not echo.
      console.error(JSON.stringify({ function: 'unhandled', error: (error as Error)?.name }));
      response = jsonResponse(500, { error: 'internal', message: 'see the Function logs' });
    }
    callback(null, toTwilioResponse(response, Twilio.Response));
  };
}

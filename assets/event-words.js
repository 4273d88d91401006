// Why an event happened, in words: the audit trail records short codes (trip, warn-tier, by-ops…)
// for tools; people read these. An unknown code (a newer service) is shown as it is.

const REASONS = {
  // The breaker's decisions (src/breaker/decide.ts)
  trip: 'Crossed the trip threshold',
  'dry-run': 'Crossed the trip threshold (dry run: not suspended)',
  'warn-tier': 'Crossed the warning threshold',
  'main-account': 'Main account: never suspended',
  'allow-listed': 'Allow-listed: never suspended',
  suspended: 'It was already suspended',
  closed: 'The account is closed',
  'fired-before-reactivation': 'Fired before the last reactivation',
  'suspend-failed': 'Twilio did not accept the suspension',
  'sweep-retry': 'Calls ended when Twilio retried the delivery',
  // Rejected deliveries (src/breaker/verify-delivery.ts)
  'method-not-allowed': 'Not a POST',
  'unsupported-media-type': 'Not a form body',
  'missing-signature': 'No Twilio signature',
  malformed: 'Malformed request',
  'not-our-account': 'Not one of our accounts',
  'bad-signature': 'Signature does not match',
  'token-unavailable': 'Could not get the token to check the signature',
  // Duplicates (src/breaker/answer-duplicate.ts)
  done: 'Already handled',
  'in-progress': 'Still being handled',
  'sweep-pending': 'Call sweep still pending',
  // Ops and setup
  'by-ops': 'Reactivated by ops',
  'suspended-by-twilio': 'Twilio itself suspended it: contact Twilio support',
  'parent-suspended': 'The main account is suspended',
  completed: 'Setup run finished',
  set: 'Override set',
  cleared: 'Override cleared',
  // Sign-ins (src/admin/sign-in-event.ts)
  'code-sent': 'Password right; code texted',
  'code-required': 'Password right; code asked for',
  'signed-in': 'Signed in',
  'password-only': 'Signed in with the password only',
  'wrong-password': 'Wrong username or password',
  'wrong-code': 'Wrong code',
  'code-expired': 'Code expired or already used',
  'sign-in-expired': 'Took too long between password and code',
  'invalid-sign-in-token': 'Invalid sign-in step',
  'too-many-attempts': 'Too many wrong codes',
  'too-many-codes': 'Too many codes asked for',
  'verify-failed': 'Twilio Verify failed',
  'limit-unavailable': 'Could not count the attempt (Sync down)',
};

/** One reason code in words. */
export function reasonWords(code) {
  return REASONS[code] || String(code || '');
}

/** "wrong password ×9, wrong code ×3": a summary's counts per reason, commonest first. */
function breakdown(counts) {
  return Object.entries(counts || {})
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => {
      const words = reasonWords(code);
      return `${words.charAt(0).toLowerCase()}${words.slice(1)} ×${n}`;
    })
    .join(', ');
}

const SUMMARY_NOUNS = {
  'sign-in': ['failed sign-in', 'failed sign-ins'],
  rejected: ['rejected request', 'rejected requests'],
  duplicate: ['duplicate delivery', 'duplicate deliveries'],
};

/** The Why of one event: the reason in words, or what a summary counted. */
export function whyText(event) {
  if (event.reason === 'summary') {
    const count = Number(event.count) || 0;
    const nouns = SUMMARY_NOUNS[event.action] || ['event', 'events'];
    const counted = `${count} ${nouns[count === 1 ? 0 : 1]}`;
    const parts = breakdown(event.counts);
    return parts ? `${counted}: ${parts}` : counted;
  }
  if (event.action === 'reactivated' && event.detail && event.detail.operator) {
    const words = event.outcome === 'ok' ? 'Reactivated' : 'Tried to reactivate';
    return `${words} by ${event.detail.operator}`;
  }
  return reasonWords(event.reason);
}

// The slow project's bound on one test (jest.config.js): they wait on real processes, sockets and
// a browser, and on a loaded machine that takes a while. A bound on a hang, not a speed test.
jest.setTimeout(300_000);

// The reference checks are the longest suites of the compatibility run
// (cfn-lint over eight templates, seven Regions each for the
// environment-agnostic ones). On a fresh machine jest has no timings and
// orders suites by file size, which left them for last; they go first, and
// the other suites fill the second worker meanwhile.
//
// Plain CommonJS: jest loads a test sequencer with Node's require, without
// the TypeScript transform.
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const REFERENCE_DIR = `${path.sep}test${path.sep}reference${path.sep}`;

class ReferenceFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const isReference = (test) => test.path.includes(REFERENCE_DIR);
    return [...sorted.filter(isReference), ...sorted.filter((test) => !isReference(test))];
  }
}

module.exports = ReferenceFirst;

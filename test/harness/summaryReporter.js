// mocha reporter: the usual spec output, plus a JSON summary written to $TEST_SUMMARY_FILE when the run
// ends, so `npm test` can count every tier (unit, extension host, UI) the same way.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    const skipped = [];
    runner.on('fail', (test, err) => failed.push({ title: test.fullTitle(), error: String((err && err.message) || err).slice(0, 2000) }));
    runner.on('pending', (test) => skipped.push(test.fullTitle()));
    runner.once('end', () => {
      const file = process.env.TEST_SUMMARY_FILE;
      if (!file) return;
      const s = this.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending, failed, skipped }, null, 2));
    });
  }
}
module.exports = SummaryReporter;

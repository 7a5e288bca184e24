// Entry point the extension host calls (extensionTestsPath): runs every *.test.js beside it with mocha.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SummaryReporter = require('../harness/summaryReporter.js');

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: SummaryReporter });
  const only = process.env.NEXTMV_TEST_GREP;
  if (only) mocha.grep(only);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension host test(s) failed`)) : resolve()));
  });
}

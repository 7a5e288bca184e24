import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  DEFAULT_HANDLER_PATH,
  DEFAULT_SECRET_ENV_VAR,
  HANDLER_TEMPLATES,
  endpointPathProblem,
  envVarNameProblem,
  fillHandlerTemplate,
  findHandlerTemplate,
  templateFileName,
} from '../../../../src/core/handlers/templates';

const HANDLERS = path.resolve(__dirname, '..', '..', '..', '..', 'media', 'handlers');
const read = (file: string) => fs.readFileSync(path.join(HANDLERS, file), 'utf8');
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('core/handlers/templates', () => {
  describe('the table', () => {
    it('has unique ids and labels, and finds each by id', () => {
      assert.equal(new Set(HANDLER_TEMPLATES.map((t) => t.id)).size, HANDLER_TEMPLATES.length);
      assert.equal(new Set(HANDLER_TEMPLATES.map((t) => t.label)).size, HANDLER_TEMPLATES.length);
      for (const t of HANDLER_TEMPLATES) assert.equal(findHandlerTemplate(t.id), t);
      assert.equal(findHandlerTemplate('cobol'), undefined);
    });

    it('names the saved file as the run command expects', () => {
      assert.deepEqual(
        HANDLER_TEMPLATES.map((t) => templateFileName(t)),
        ['main.py', 'handler.mjs', 'handler.mjs', 'handler.go'],
      );
      for (const t of HANDLER_TEMPLATES) {
        const base = templateFileName(t).replace(/\.py$/, '');
        assert.ok(t.run.includes(base), `${t.id}: "${t.run}" runs ${base}`);
      }
    });

    for (const t of HANDLER_TEMPLATES) {
      it(`${t.id}: the file exists, marks each setting once with its default, and its header states the run command`, () => {
        const text = read(t.file);
        assert.equal(count(text, '[template:path]'), 1);
        assert.equal(count(text, '[template:env]'), 1);
        const pathLine = text.split('\n').find((l) => l.includes('[template:path]')) ?? '';
        const envLine = text.split('\n').find((l) => l.includes('[template:env]')) ?? '';
        assert.match(pathLine, new RegExp(`["']${DEFAULT_HANDLER_PATH}["']`));
        assert.match(envLine, new RegExp(`["']${DEFAULT_SECRET_ENV_VAR}["']`));
        const header = text.slice(0, text.search(/^(import|package) /m)); // the leading comment
        assert.ok(header.includes(t.run), `header shows "${t.run}"`);
        if (t.install) assert.ok(header.includes(t.install), `header shows "${t.install}"`);
        assert.ok(header.includes('PORT'), 'header names PORT');
        assert.ok(header.includes(`POST ${DEFAULT_HANDLER_PATH}`), 'header names the endpoint');
        // Exactly one literal of each setting outside comments: the marked constant.
        const literals = (v: string) => count(text, `"${v}"`) + count(text, `'${v}'`);
        assert.equal(literals(DEFAULT_HANDLER_PATH), 1);
        assert.equal(literals(DEFAULT_SECRET_ENV_VAR), 1);
      });
    }
  });

  describe('endpointPathProblem', () => {
    it('accepts literal paths', () => {
      for (const ok of ['/', '/webhookhandler', '/hooks/nextmv', '/a-b_c.d~e/F9']) assert.equal(endpointPathProblem(ok), undefined, ok);
    });
    it('refuses paths without a leading slash, with quotes, backslashes, line breaks, parameters or queries', () => {
      const bad = ['', 'webhookhandler', ' /x', '/x"', "/x'", '/x`', '/a\\b', '/a\nb', '/a\rb', '/a b', '/{id}', '/:id', '/*', '/a?b=1', '/a#b', '/a//b', '/é'];
      for (const p of bad) assert.ok(endpointPathProblem(p), JSON.stringify(p));
      assert.match(endpointPathProblem('/a"b') ?? '', /quotes/);
      assert.match(endpointPathProblem('x') ?? '', /start with "\/"/);
    });
  });

  describe('envVarNameProblem', () => {
    it('accepts [A-Z_][A-Z0-9_]*', () => {
      for (const ok of ['NEXTMV_WEBHOOK_SECRET', '_X', 'A1', 'S']) assert.equal(envVarNameProblem(ok), undefined, ok);
    });
    it('refuses anything else', () => {
      for (const bad of ['', 'nextmv_secret', '1SECRET', 'MY-SECRET', 'MY SECRET', 'SECRET"', 'SÉCRET', 'A\nB']) assert.ok(envVarNameProblem(bad), JSON.stringify(bad));
    });
  });

  describe('fillHandlerTemplate', () => {
    for (const t of HANDLER_TEMPLATES) {
      it(`${t.id}: sets the constants and the comments, leaving no default behind`, () => {
        const original = read(t.file);
        const filled = fillHandlerTemplate(original, { path: '/hooks/orders', envVar: 'ORDERS_SECRET' });
        assert.ok(!filled.includes(DEFAULT_HANDLER_PATH));
        assert.ok(!filled.includes(DEFAULT_SECRET_ENV_VAR));
        const pathLine = filled.split('\n').find((l) => l.includes('[template:path]')) ?? '';
        const envLine = filled.split('\n').find((l) => l.includes('[template:env]')) ?? '';
        assert.match(pathLine, /["']\/hooks\/orders["']/);
        assert.match(envLine, /["']ORDERS_SECRET["']/);
        assert.ok(filled.includes('POST /hooks/orders'), 'the header comment follows');
        assert.ok(filled.includes("ORDERS_SECRET='<signing secret>'"), 'the run command follows');
        // nothing else changed: undo the two substitutions and get the original back
        assert.equal(filled.replaceAll('/hooks/orders', DEFAULT_HANDLER_PATH).replaceAll('ORDERS_SECRET', DEFAULT_SECRET_ENV_VAR), original);
      });

      it(`${t.id}: the defaults give back the file unchanged, and filling twice equals filling once`, () => {
        const original = read(t.file);
        assert.equal(fillHandlerTemplate(original, { path: DEFAULT_HANDLER_PATH, envVar: DEFAULT_SECRET_ENV_VAR }), original);
        const once = fillHandlerTemplate(original, { path: '/x', envVar: 'X' });
        assert.equal(fillHandlerTemplate(once, { path: '/x', envVar: 'X' }), once);
      });
    }

    it('a path that contains the default is not substituted twice', () => {
      const text = `PATH = "/webhookhandler"  # [template:path]\nENV = "NEXTMV_WEBHOOK_SECRET"  # [template:env]\n# Serves: POST /webhookhandler\n`;
      const filled = fillHandlerTemplate(text, { path: '/api/webhookhandler', envVar: 'NEXTMV_WEBHOOK_SECRET_2' });
      assert.equal(filled, `PATH = "/api/webhookhandler"  # [template:path]\nENV = "NEXTMV_WEBHOOK_SECRET_2"  # [template:env]\n# Serves: POST /api/webhookhandler\n`);
    });

    it('sets a marked constant whatever its current value, in either quote style, and leaves longer names alone', () => {
      const text = `const P = '/old'; // [template:path]\nconst E = "OLD_NAME"; // [template:env]\n// MY_NEXTMV_WEBHOOK_SECRET_X and /webhookhandlers stay\n`;
      const filled = fillHandlerTemplate(text, { path: '/new', envVar: 'NEW_NAME' });
      assert.equal(filled, `const P = '/new'; // [template:path]\nconst E = "NEW_NAME"; // [template:env]\n// MY_NEXTMV_WEBHOOK_SECRET_X and /webhookhandlers stay\n`);
    });

    it('throws on an invalid path or env var name, naming the problem', () => {
      const text = read(HANDLER_TEMPLATES[0].file);
      assert.throws(() => fillHandlerTemplate(text, { path: 'hook', envVar: 'X' }), /Invalid endpoint path "hook": The path must start with "\/"/);
      assert.throws(() => fillHandlerTemplate(text, { path: '/a"b', envVar: 'X' }), /quotes/);
      assert.throws(() => fillHandlerTemplate(text, { path: '/ok', envVar: 'lower' }), /Invalid env var name "lower"/);
    });

    it('throws when a marker is missing or repeated', () => {
      const one = `P = "/a" # [template:path]\nE = "A" # [template:env]\n`;
      assert.equal(fillHandlerTemplate(one, { path: '/b', envVar: 'B' }), `P = "/b" # [template:path]\nE = "B" # [template:env]\n`);
      assert.throws(() => fillHandlerTemplate(`P = "/a" # [template:path]\n`, { path: '/b', envVar: 'B' }), /0 lines marked \[template:env\]/);
      assert.throws(() => fillHandlerTemplate(`${one}Q = "/c" # [template:path]\n`, { path: '/b', envVar: 'B' }), /2 lines marked \[template:path\]/);
      assert.throws(() => fillHandlerTemplate(`P = 42 # [template:path]\nE = "A" # [template:env]\n`, { path: '/b', envVar: 'B' }), /0 lines marked \[template:path\]/);
    });
  });
});

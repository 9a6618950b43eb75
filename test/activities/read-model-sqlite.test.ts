import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../activities/store/database';
import { readModelContract } from './read-model-contract';

describe('the read model on a SQLite file', () => {
  readModelContract(() => openStore({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'dondoc-rm-')), 'dondoc.sqlite') }));
});

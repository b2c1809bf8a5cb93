/** Opens the store at the URL given as the first argument and closes it: one of the processes racing to migrate it. */
import { argv } from 'node:process';
import { openStore } from '@tandem/store';

const store = await openStore(argv[2] ?? '');
await store.close();

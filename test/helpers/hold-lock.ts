// Takes the data folder lock in a process of its own and holds it until killed (instance-lock.test.ts).
import { lockDataDir } from '../../collector/store/instance-lock.ts';

lockDataDir(process.argv[2]!);
process.send?.('locked');
setInterval(() => undefined, 60_000);

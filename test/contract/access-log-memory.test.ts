import { MemoryAccessLog } from '../../bot/store/memory/access-log.js';
import { describeAccessLog } from './access-log.contract.js';

describeAccessLog('memory', async () => new MemoryAccessLog());

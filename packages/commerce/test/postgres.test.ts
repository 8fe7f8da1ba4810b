import { describeAbuseSuite } from './abuse.suite.ts';
import { describeHttpSuite } from './http.suite.ts';
import { describeServiceSuite } from './service.suite.ts';
import { postgresBackend, useBackend } from './support.ts';

// CI provides PostgreSQL; without it this file fails (it never skips).
const store = useBackend(postgresBackend);
describeServiceSuite('postgres', store);
describeHttpSuite('postgres', store);
describeAbuseSuite('postgres', store);

import { describeAbuseSuite } from './abuse.suite.ts';
import { describeHttpSuite } from './http.suite.ts';
import { describeServiceSuite } from './service.suite.ts';
import { pgliteBackend, useBackend } from './support.ts';

const store = useBackend(pgliteBackend);
describeServiceSuite('pglite', store);
describeHttpSuite('pglite', store);
describeAbuseSuite('pglite', store);

// Browser tests run in @web/test-runner's mocha, which puts describe/it on the page; tsconfig lists
// only node types, so the mocha globals are pulled in here for every file under test/widgets.
/// <reference types="mocha" />

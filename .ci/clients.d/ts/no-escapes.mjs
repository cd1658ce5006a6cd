// Fails when a TypeScript file steps around the type checker: a type assertion (`x as T`,
// `<T>x`), a non-null assertion (`x!`), the `any` type, or a `@ts-` directive. Used by
// .ci/clients on the flows, which must type-check from the generated types alone.
//   node no-escapes.mjs flows.ts
import fs from "node:fs";
import ts from "typescript";

let found = 0;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const report = (pos, what) => {
    const { line, character } = source.getLineAndCharacterOfPosition(pos);
    console.log(`${file}:${line + 1}:${character + 1}: ${what}`);
    found += 1;
  };
  const visit = (node) => {
    if (ts.isAsExpression(node)) report(node.getStart(), `type assertion: ${node.getText()}`);
    else if (ts.isTypeAssertionExpression(node)) report(node.getStart(), `type assertion: ${node.getText()}`);
    else if (ts.isNonNullExpression(node)) report(node.getStart(), `non-null assertion: ${node.getText()}`);
    else if (node.kind === ts.SyntaxKind.AnyKeyword) report(node.getStart(), "the `any` type");
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const match of text.matchAll(/@ts-[a-z-]+/g)) report(match.index, `compiler directive ${match[0]}`);
}
process.exit(found === 0 ? 0 : 1);

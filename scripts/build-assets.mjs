// Builds portal/static/ from the pinned npm packages. The output is not committed.
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "portal", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(join(out, "govuk"), { recursive: true, force: true });
mkdirSync(join(out, "govuk"), { recursive: true });

const css = compile(join(root, "portal", "assets", "portal.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "govuk", "portal.css"), css.css);
// The JavaScript module only: no fonts, no crown or GOV.UK icons.
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
console.log(`built ${out}/govuk (css ${css.css.length} bytes)`);

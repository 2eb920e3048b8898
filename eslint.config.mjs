// @ts-check
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", ".tools/", "build/", "dist/", "apps/**/target/", "bin/"] },
    ...tseslint.configs.recommendedTypeChecked,
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            // An Output in a template literal renders as a warning text, not its value: use pulumi.interpolate.
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        // Tests, the render's estimators and the bench read untyped YAML and JSON (rendered objects, Helm
        // values); typed access there would only add casts. The library and the program stay typed.
        files: ["test/**/*.ts", "renderer/**/*.ts", "bench/**/*.ts"],
        rules: {
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-unsafe-call": "off",
        },
    },
    {
        // node:test's describe() and it() return promises that the runner itself awaits.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-floating-promises": "off", "@typescript-eslint/no-explicit-any": "off" },
    },
    { files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);

// Placeholder entry so the browser bundle exists; the validator UI lands with the validator issue.
export {};

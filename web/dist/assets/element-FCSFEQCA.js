import{a}from"./chunk-4N75UDOX.js";import"./chunk-HCEEA4IL.js";import"./chunk-IYWUY3VA.js";export{a as views};

import{a}from"./chunk-2JUDFTHV.js";import"./chunk-OQGUMAF5.js";import"./chunk-IYWUY3VA.js";export{a as views};

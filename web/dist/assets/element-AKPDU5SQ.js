import{a}from"./chunk-HINDTA6J.js";import"./chunk-WYME3ZPE.js";import"./chunk-IYWUY3VA.js";export{a as views};

import{a}from"./chunk-TVXOFE3X.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as views};

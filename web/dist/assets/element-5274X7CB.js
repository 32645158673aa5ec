import{a}from"./chunk-UZZVAWZP.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as views};

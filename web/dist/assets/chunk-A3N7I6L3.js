import{a}from"./chunk-5TPUI3P3.js";import"./chunk-GVHESXWS.js";import"./chunk-CYIHO4H5.js";import"./chunk-KA27ISCT.js";import"./chunk-IYWUY3VA.js";export{a as CardView};

import{b as a}from"./chunk-FBFTFKEB.js";import"./chunk-JWIZOWBI.js";import"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";export{a as CardView};

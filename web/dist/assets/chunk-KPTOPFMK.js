import{a}from"./chunk-CLYMCGSO.js";import"./chunk-R3PZXK45.js";import"./chunk-MAMPLOM7.js";import"./chunk-S3OOYDVZ.js";import"./chunk-IYWUY3VA.js";export{a as CardView};

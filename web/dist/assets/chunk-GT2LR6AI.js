import{a}from"./chunk-XVQR4T3G.js";import"./chunk-K4WHP3HQ.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as CardView};

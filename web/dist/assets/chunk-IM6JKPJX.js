import{a}from"./chunk-7WEBA5X4.js";import"./chunk-RN6LU46O.js";import"./chunk-ZS7EOZQI.js";import"./chunk-JWIZOWBI.js";import"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";export{a as MapView};

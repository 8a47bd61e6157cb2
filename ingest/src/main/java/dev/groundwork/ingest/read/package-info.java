/**
 * Reading files into normalised document text: the text every chunk span and citation points into.
 */
package dev.groundwork.ingest.read;

#!/bin/sh
# Passes the ResourceList through unchanged (a stand-in for a real function).
cat

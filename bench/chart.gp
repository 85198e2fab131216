# SPDX-License-Identifier: GPL-2.0
# The bar chart of `make bench`: gnuplot -e "data='X.dat'; out='X.png'"
set terminal pngcairo size 1400,600 font ",10"
set output out
set title "AF_XDP: stock vs patched, median Mpps" noenhanced
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -40 scale 0 noenhanced
set ylabel "Mpps"
set yrange [0:*]
set grid ytics
set key top right
plot data using 2:xtic(1) title "stock", '' using 3 title "patched"

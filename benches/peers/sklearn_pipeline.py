"""scikit-learn peer of ciblage's lean pipeline (benches/compare.sh).

The same work as `ciblage run FILE --method kmeans --k 4 --tables compact --no-sensitivity
--no-matching --no-neighbourhood --tables-only`, as a Python user would write it:
read the CSV with pandas, keep public schools with every active value, standardise (population sd,
as FactoMineR and StandardScaler do), PCA with 5 components, KMeans k=4 with one start, and write one
line per school (UAI, 5 coordinates, cluster) — what `schools.csv` holds, minus the selection.

Usage: python sklearn_pipeline.py INPUT.csv OUT.csv [lean|tables]
`tables` also writes the FactoMineR-style individual tables ciblage's `cluster` writes
(coordinates, cos2, contributions, distance), to compare with `ciblage cluster --method kmeans`.
"""
import sys

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

ACTIVE = ["ips", "ips_sd", "taux_reussite", "va_taux_reussite", "note_ecrit", "va_note", "taux_acces_6e3e"]


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "lean"
    df = pd.read_csv(src, dtype={"uai": str, "departement": str})
    df = df[df["secteur"] == "public"].dropna(subset=ACTIVE)
    x = StandardScaler().fit_transform(df[ACTIVE].to_numpy(dtype=np.float64))
    pca = PCA(n_components=5, svd_solver="full")
    coord = pca.fit_transform(x)
    labels = KMeans(n_clusters=4, n_init=1, random_state=1).fit_predict(coord)
    cols = {"uai": df["uai"].to_numpy()}
    for j in range(5):
        cols[f"dim_{j + 1}"] = coord[:, j]
    if mode == "tables":
        dist2 = (x * x).sum(axis=1)
        n = x.shape[0]
        eig = pca.explained_variance_ * (n - 1) / n
        for j in range(5):
            cols[f"cos2_{j + 1}"] = coord[:, j] ** 2 / dist2
            cols[f"contrib_{j + 1}"] = 100 * coord[:, j] ** 2 / (n * eig[j])
        cols["dist"] = np.sqrt(dist2)
    cols["cluster"] = labels + 1
    pd.DataFrame(cols).to_csv(out, index=False)


if __name__ == "__main__":
    main()

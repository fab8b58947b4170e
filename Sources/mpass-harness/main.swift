import MPassSAML
print("ok")
